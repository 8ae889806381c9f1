-- Issue 20: the console's one-time sign-in links without an identity provider (standalone). Spring Security's
-- JdbcOneTimeTokenService schema (PostgreSQL types); in the database so a link works on every instance.
CREATE TABLE one_time_tokens (
    token_value VARCHAR(36) NOT NULL PRIMARY KEY,
    username    VARCHAR(50) NOT NULL,
    expires_at  TIMESTAMP   NOT NULL
);
