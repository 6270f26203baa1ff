namespace JobQueue.Client;

/// <summary>What <c>POST /api/auth/login</c> and <c>/api/auth/refresh</c> answer.</summary>
internal sealed record TokenResponse(string TokenType, string AccessToken, int ExpiresIn, string RefreshToken);
