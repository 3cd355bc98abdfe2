CREATE TABLE migrations_test_future (id BIGINT PRIMARY KEY);
