-- Why: the language filter stems the query as that language's articles are stemmed.
SELECT newsbot_search_config(%(language)s)::text AS config
