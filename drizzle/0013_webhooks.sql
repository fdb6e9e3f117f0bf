-- Issue 13, finished-run webhook (filled in by its own change)
SELECT 1;
