-- Registration per client address (issue 13 item 10): a registration has to say when a name is taken,
-- so each address gets a token bucket of attempts that reach that check. address_key is the SHA-256 of
-- the client address, never the address itself. Shared by all replicas.
CREATE TABLE registration_limit (
    address_key bytea            PRIMARY KEY CHECK (octet_length(address_key) = 32),
    tokens      double precision NOT NULL,
    updated_at  timestamptz      NOT NULL
);

CREATE INDEX registration_limit_updated ON registration_limit (updated_at);
