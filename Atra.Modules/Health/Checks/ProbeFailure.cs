using System.Net.Sockets;
using Atra.Modules.Health.Contracts;

namespace Atra.Modules.Health.Checks;

/// <summary>
/// One rule for a remote probe that got no answer. A refused connection is a host saying no: the service there is
/// down (CRITICAL). No route, no name resolution or no answer within <c>Health:ProbeTimeout</c> is what an absent
/// network looks like from here: <c>atra health</c> on its own says UNKNOWN (it cannot tell the far side is at fault),
/// while the service, which needs the network, says CRITICAL.
/// </summary>
internal static class ProbeFailure
{
    public static bool IsNetworkAbsent(Exception ex)
    {
        if (ex is OperationCanceledException)
        {
            return true;
        }
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode is not SocketError.ConnectionRefused and not SocketError.ConnectionReset;
            }
        }
        // HttpClient's own name-resolution failures carry no SocketException on some platforms.
        return ex is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError };
    }

    public static HealthStatus StatusFor(Exception ex, HealthCheckContext context) =>
        IsNetworkAbsent(ex) && !context.InService ? HealthStatus.Unknown : HealthStatus.Critical;
}
