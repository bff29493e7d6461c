"""The review pages, one module per part of the panel's work; each module lists its own URLs."""
