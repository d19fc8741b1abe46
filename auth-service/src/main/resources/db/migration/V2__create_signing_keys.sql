-- Signing keys shared by every replica. The private key is stored only sealed with AES-256-GCM
-- under the key-encryption key (never in clear). A key is published from created_at, signs from
-- activates_at, and is deleted once every token it signed has expired.
CREATE TABLE signing_key (
    kid                varchar(64)  PRIMARY KEY,
    algorithm          varchar(16)  NOT NULL,
    public_jwk         varchar(4096) NOT NULL,
    private_key_sealed bytea        NOT NULL,
    created_at         timestamptz  NOT NULL,
    activates_at       timestamptz  NOT NULL
);

CREATE INDEX signing_key_activates_at ON signing_key (activates_at);
