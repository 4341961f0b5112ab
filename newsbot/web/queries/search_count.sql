-- Why: the search page's result count, with the same filters as
-- search_page.sql, counted up to %(cap)s: past that the page says "more
-- than", as counting every match of a common word would cost more than the page.
SELECT count(*) AS total
FROM (
    SELECT 1
    {matches}
    LIMIT %(cap)s
) capped
