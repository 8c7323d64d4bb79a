# One date format for Chinese everywhere (pages, admin, letters): 2026年12月3日 and 2026年12月3日 10:00.
# services.formatting.long_date / date_time write the same.
DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
TIME_FORMAT = "H:i"
