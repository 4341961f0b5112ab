-- Why: `newsbot search --language` takes an ISO 639-1 code (as the articles
-- carry) or a PostgreSQL text-search configuration name; NULL means neither.
SELECT CASE
    WHEN %(language)s ~ '^[A-Za-z]{2}$' THEN newsbot_search_config(%(language)s)::text
    ELSE (SELECT cfgname::text FROM pg_ts_config WHERE cfgname = lower(%(language)s))
END
