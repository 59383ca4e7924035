"""Django settings, read from ``STRONGROOM_*`` environment variables (see docs/operations.md).

Development is the default and needs nothing set: data lives in ./data and secrets are
generated there. ``STRONGROOM_ENV=production`` turns on every transport protection and refuses
to start without proper secrets.

Each module of this package holds one concern; this one composes them in a fixed order,
``environment`` first because every other module reads it. A missing or malformed variable
stops start-up in the module that reads it, so with several wrong the first named here wins.
"""

# isort: off
from strongroom.project.settings.environment import *  # noqa: F403
from strongroom.project.settings.keys import *  # noqa: F403
from strongroom.project.settings.security import *  # noqa: F403
from strongroom.project.settings.base import *  # noqa: F403
from strongroom.project.settings.database import *  # noqa: F403
from strongroom.project.settings.cache import *  # noqa: F403
from strongroom.project.settings.identity import *  # noqa: F403
from strongroom.project.settings.mail import *  # noqa: F403
from strongroom.project.settings.storage import *  # noqa: F403
from strongroom.project.settings.jobs import *  # noqa: F403
from strongroom.project.settings.backups import *  # noqa: F403
from strongroom.project.settings.serving import *  # noqa: F403
from strongroom.project.settings.status import *  # noqa: F403
from strongroom.project.settings.metrics import *  # noqa: F403
from strongroom.project.settings.vulnerabilities import *  # noqa: F403
from strongroom.project.settings.logging import *  # noqa: F403
