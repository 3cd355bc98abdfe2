/**
 * The database (docs/PERSISTENCE.md): the data source {@code java:app/jdbc/osmosis} ({@link
 * dev.osmosis.store.OsmosisDataSource}, the embedded H2 database or PostgreSQL as the settings
 * say), the schema's migrations at start before anything reads ({@link dev.osmosis.store.Database},
 * {@link dev.osmosis.store.Migrations}, Flyway, {@code db/migration/V*.sql}), and the JPA
 * persistence unit {@code osmosis} with its entities and stores. A boundary package next to {@code
 * grid}: the only one that names JPA, JDBC and Flyway; it may name the core and {@code platform}'s
 * settings; the core and {@code platform} never name it (they meet its stores through core
 * interfaces, by CDI).
 */
package dev.osmosis.store;
