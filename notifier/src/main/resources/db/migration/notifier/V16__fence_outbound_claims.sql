-- Each claim of an outbound delivery writes a fresh token; only the claim's holder records the outcome, so a sender
-- that outlived its lease cannot undo what the next holder recorded.
ALTER TABLE outbound_delivery ADD COLUMN claim UUID;
