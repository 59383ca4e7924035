"""The one error of the backup machinery: something stopped a backup, restore or drill."""


class BackupError(Exception):
    """A backup, restore, verification or drill could not be done; the message says why and
    never contains a secret."""
