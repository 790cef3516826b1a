"""A mail backend for the tests whose server refuses some recipients."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(EmailBackend):
    """Like locmem, but refuses every address at ``ditolak.test`` the way an
    SMTP server does, with SMTPRecipientsRefused."""

    def send_messages(self, messages):
        for message in messages:
            refused = {
                address: (550, b"mailbox unavailable")
                for address in message.recipients()
                if address.endswith("@ditolak.test")
            }
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(messages)
