-- The 10-column users table of the comparison with Faker and Mimesis
-- (benches/compare.sh): the same columns in every tool.
CREATE TABLE users (
    id          bigint        PRIMARY KEY,
    first_name  varchar(50)   NOT NULL,
    last_name   varchar(50)   NOT NULL,
    email       varchar(255)  NOT NULL,
    phone       varchar(30)   NOT NULL,
    city        varchar(100)  NOT NULL,
    country     varchar(100)  NOT NULL,
    birth_date  date          NOT NULL,
    created_at  timestamp     NOT NULL,
    balance     numeric(12,2) NOT NULL
);
