-- Run once by the postgres image on an empty data directory
-- (/docker-entrypoint-initdb.d). One database per service: no service reads
-- another's tables. Each service migrates its own schema at start-up (Alembic).
CREATE DATABASE intake;
CREATE DATABASE allocation;
CREATE DATABASE tenancy;
CREATE DATABASE eviction_prevention;
CREATE DATABASE notifications;
