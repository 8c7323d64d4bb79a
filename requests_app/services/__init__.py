"""The business rules of Deferral Desk, one module per capability. Views, forms, the admin and the PDF
call these; nothing here imports views, forms or templates."""
