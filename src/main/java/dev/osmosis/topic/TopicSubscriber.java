package dev.osmosis.topic;

/**
 * A party held in a topic's subscriber array ({@link Topic#subscribers()}). The subscribe package
 * implements it (one per session subscription) to fan an update out without looking anything up;
 * this package never calls it. Implementations should keep identity equality: the array is searched
 * by {@code ==}.
 */
public interface TopicSubscriber {}
