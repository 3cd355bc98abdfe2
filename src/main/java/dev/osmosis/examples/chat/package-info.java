/**
 * Seed 004's chat example as a working ingress handler at {@code /ws/chat?room=general&user=alice},
 * served with the page {@code /chat/}. Example user code: as handler authors do, it uses CDI
 * ({@code @ApplicationScoped}) and JSON-P besides the plain ingress API.
 */
package dev.osmosis.examples.chat;
