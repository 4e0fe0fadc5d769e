using Microsoft.AspNetCore.Http;

namespace Atra.Modules.Shared.Http;

/// <summary>
/// The client's address as lockouts and rate limits key it: the connection's peer, which the forwarded-headers
/// middleware replaces with <c>X-Forwarded-For</c> only for requests from a proxy listed in <c>Http:TrustedProxies</c>.
/// </summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return Unknown;
        }
        // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; one client, one key.
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
