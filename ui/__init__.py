"""The Streamlit side of Pantau Kinerja: the shell every page shares (connection, language, filters,
URL state) and the string catalogue. Pages import from here and from analytics/; analytics never
imports this package."""
