namespace Atra.Modules.Telegram.Ports;

/// <summary>Subscriber counts for /admin.</summary>
internal sealed record UserCounts(long Total, long Active, long Strict, long Futures, long Admins);
