-- Model step 90: write the finished model to its (temporary) database file, compressed, so that
-- the tables take a fraction of their in-memory size and the buffer manager can page them.
checkpoint
