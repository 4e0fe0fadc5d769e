using Mediator;

namespace Atra.Modules.Health.Contracts;

/// <summary>
/// Asks for the service's health (the Telegram <c>/admin</c> health view, the status page). <paramref name="Fresh"/>
/// runs every check now; otherwise the latest report of the health monitor is returned when it is recent.
/// </summary>
public sealed record GetHealthReport(bool Fresh = false) : IRequest<HealthReport>;
