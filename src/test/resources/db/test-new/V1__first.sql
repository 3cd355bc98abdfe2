CREATE TABLE migrations_test_first (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);
