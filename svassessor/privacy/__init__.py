"""Personal data: how long it is kept, erasing it, and finding it for a subject access request.

    retention.overdue(...)        rounds past their retention date (by the store's clock)
    erase.erase_personal_data(...)   the rows, their history, the file's leftovers, the backups
    subject_access.find(...)      every place a person's name, e-mail or phone number appears

What is kept and why is in the README ("Personal data").
"""
