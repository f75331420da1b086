-- An online shop (PostgreSQL): customers, a category tree, products, orders and lines.
CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped', 'delivered', 'cancelled');

CREATE TABLE customers (
    id          bigserial PRIMARY KEY,
    first_name  varchar(50)  NOT NULL,
    last_name   varchar(50)  NOT NULL,
    email       varchar(255) NOT NULL UNIQUE,
    phone       varchar(30),
    birth_date  date,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT customers_birth_date_check CHECK (birth_date > DATE '1900-01-01')
);

CREATE TABLE categories (
    id         serial PRIMARY KEY,
    parent_id  integer REFERENCES categories (id),
    name       varchar(80) NOT NULL,
    slug       varchar(80) NOT NULL UNIQUE
);

CREATE TABLE products (
    id           serial PRIMARY KEY,
    category_id  integer NOT NULL REFERENCES categories (id),
    sku          char(12) NOT NULL UNIQUE,
    name         varchar(120) NOT NULL,
    price        numeric(10, 2) NOT NULL CHECK (price > 0),
    stock        integer NOT NULL DEFAULT 0 CHECK (stock >= 0)
);

CREATE TABLE orders (
    id           bigserial PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    status       order_status NOT NULL DEFAULT 'pending',
    ordered_at   timestamptz NOT NULL,
    shipped_at   timestamptz,
    CHECK (shipped_at IS NULL OR shipped_at >= ordered_at)
);

CREATE TABLE order_lines (
    order_id    bigint  NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no     smallint NOT NULL,
    product_id  integer NOT NULL REFERENCES products (id),
    quantity    integer NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    unit_price  numeric(10, 2) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE product_reviews (
    product_id   integer NOT NULL REFERENCES products (id),
    customer_id  bigint  NOT NULL REFERENCES customers (id),
    rating       smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body         text,
    PRIMARY KEY (product_id, customer_id)
);
