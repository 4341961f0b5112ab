-- Why: the search form's source filter lists every source by name.
SELECT name FROM sources ORDER BY name
