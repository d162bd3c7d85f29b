{# Loaded by search.html only when opened from disk: titles and names as JSON. #}window.dossierTitles = {{ titles_json | safe }};
