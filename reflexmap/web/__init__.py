"""What the browser receives, served or offline, with no Panel import: the page's JavaScript
(``js/``) and the data it works on."""
