# One date format for English everywhere (pages, admin, letters): 3 Dec 2026 and 3 Dec 2026, 10:00.
# services.formatting.long_date / date_time write the same.
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
