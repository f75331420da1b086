CREATE TABLE payments (
    id BIGINT NOT NULL AUTO_INCREMENT,
    invoice_id BIGINT NOT NULL,
    paid_at DATETIME NOT NULL,
    amount_cents INT NOT NULL,
    method VARCHAR(16) NOT NULL,
    PRIMARY KEY (id),
    KEY idx_payment_invoice (invoice_id),
    CONSTRAINT fk_payment_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id)
) ENGINE = InnoDB;

ALTER TABLE accounts ADD COLUMN billing_email VARCHAR(191) NULL AFTER name;
