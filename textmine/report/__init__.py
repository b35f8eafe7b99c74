"""HTML and tabular views of records: templates are data files here, rendering is code."""
