"""Forms of the review pages, one module per area."""
