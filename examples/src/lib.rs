//! Runnable examples of embedding seedgen; see `examples/` in this package.
