CREATE TABLE accounts (
    id BIGINT NOT NULL AUTO_INCREMENT,
    name VARCHAR(120) NOT NULL,
    plan ENUM('free', 'team', 'enterprise') NOT NULL DEFAULT 'free',
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id)
) ENGINE = InnoDB;

CREATE TABLE invoices (
    id BIGINT NOT NULL AUTO_INCREMENT,
    account_id BIGINT NOT NULL,
    number VARCHAR(20) NOT NULL,
    issued_on DATE NOT NULL,
    due_on DATE NOT NULL,
    amount_cents INT NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_invoice_number (number),
    CONSTRAINT fk_invoice_account FOREIGN KEY (account_id) REFERENCES accounts (id)
) ENGINE = InnoDB;
