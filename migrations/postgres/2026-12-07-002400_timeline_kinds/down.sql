-- The action slugs of the old seeded events are not kept: nothing to undo.
SELECT 1;
