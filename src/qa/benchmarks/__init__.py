"""The benchmark behind ``python -m qa.bench``, one module per part (``cli`` runs them in order)."""
