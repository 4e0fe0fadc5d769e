namespace Atra.Modules.Auth;

/// <summary><c>POST /api/auth/login</c>.</summary>
internal sealed record LoginRequest(string? Username, string? Password);

/// <summary><c>POST /api/auth/refresh</c>.</summary>
internal sealed record RefreshRequest(string? RefreshToken);

/// <summary><c>POST /api/auth/logout</c>: the refresh token to revoke with the access token (optional).</summary>
internal sealed record LogoutRequest(string? RefreshToken);

/// <summary>The OAuth 2 token answer (RFC 6749 §5.1): snake_case names, lifetime in seconds.</summary>
internal sealed record TokenResponse(
    string AccessToken,
    string RefreshToken,
    string TokenType,
    int ExpiresIn);

/// <summary><c>GET /api/auth/me</c>.</summary>
internal sealed record MeResponse(long Id, string? Username, long? TelegramId, string Role, bool IsActive, DateTimeOffset TokenExpiresAt);
