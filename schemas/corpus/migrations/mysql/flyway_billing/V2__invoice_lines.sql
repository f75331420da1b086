CREATE TABLE invoice_lines (
    invoice_id BIGINT NOT NULL,
    line_no SMALLINT NOT NULL,
    description VARCHAR(255) NOT NULL,
    quantity INT NOT NULL DEFAULT 1,
    unit_cents INT NOT NULL,
    PRIMARY KEY (invoice_id, line_no),
    CONSTRAINT fk_line_invoice FOREIGN KEY (invoice_id) REFERENCES invoices (id) ON DELETE CASCADE
) ENGINE = InnoDB;

ALTER TABLE invoices ADD CONSTRAINT chk_due CHECK (due_on >= issued_on);
