-- Why: `newsbot search --language` takes an ISO 639-1 code (as the articles
-- carry) or a PostgreSQL text-search configuration name; NULL means neither.
-- A two-letter code is known when a stemmer has it or a stored article is in
-- it (those are searched unstemmed): `--language zz` is a mistake, not "simple".
SELECT CASE
    WHEN %(language)s ~ '^[A-Za-z]{2}$' THEN
        CASE WHEN newsbot_search_config(%(language)s) <> 'simple'::regconfig
                  OR EXISTS (SELECT 1 FROM snapshots WHERE language = lower(%(language)s))
             THEN newsbot_search_config(%(language)s)::text END
    ELSE (SELECT cfgname::text FROM pg_ts_config WHERE cfgname = lower(%(language)s))
END
