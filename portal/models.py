"""Imports every model module so that Alembic and the app see the whole schema."""

from portal.accounts.models import User, team_workers  # noqa: F401
from portal.audit import AuditEntry  # noqa: F401
from portal.cache import CacheEntry  # noqa: F401
from portal.complaints.models import Complaint  # noqa: F401
from portal.help.models import (  # noqa: F401
    HelpBlock,
    HelpCheckIn,
    HelpMatch,
    HelpOccurrence,
    HelpOffer,
    HelpOfferKind,
    HelpRequest,
)
from portal.indicators.models import ExportToken, IndicatorSnapshot  # noqa: F401
from portal.initiatives.models import (  # noqa: F401
    Initiative,
    InitiativeMessage,
    InitiativePhoto,
    MessageReport,
    PrivateMessage,
    RoleSignup,
    StatusChange,
    Support,
    VolunteerRole,
)
from portal.jobs.models import JobRun  # noqa: F401
from portal.notifications.models import Notification, NotificationPreference  # noqa: F401
from portal.outbox.models import OutboxMessage  # noqa: F401
from portal.projects.models import (  # noqa: F401
    Project,
    ProjectActivity,
    ProjectInvitation,
    ProjectMessage,
    ProjectParticipant,
    ProjectUpdate,
    project_initiatives,
)
from portal.signals.models import ClusterEvent, Signal, SignalCluster, SignalClusterFeature  # noqa: F401
from portal.submissions import FormSubmission  # noqa: F401
from portal.teams.models import (  # noqa: F401
    Area,
    PostcodeArea,
    ReplyTemplate,
    Team,
    TeamQuestion,
    TeamQuestionMessage,
)
