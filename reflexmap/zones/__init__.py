"""The default chart: data files only (chart.json and its GeoJSON files)."""
