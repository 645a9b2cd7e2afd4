"""View-models: for each section of a page, one function that reads the figures (through `Page.read`) and
returns what the section shows, as typed, formatted parts (`parts.Metric`, `parts.Chart`, `parts.Card`, tables),
in the reader's language. Pages only lay these out; these modules never import Streamlit, so tests call them
directly."""
