using Platform.Emulators.Edge;

namespace Platform.Host.ApiGateway;

/// <summary>An error of either API Gateway API, with the code (X-Amzn-ErrorType) and status AWS answers.</summary>
internal sealed class ApiGatewayException(int status, string code, string message) : EdgeException(code, message, status)
{
    public static ApiGatewayException BadRequest(string message) => new(400, "BadRequestException", message);

    public static ApiGatewayException NotFound(string message) => new(404, "NotFoundException", message);

    public static ApiGatewayException Conflict(string message) => new(409, "ConflictException", message);

    public static ApiGatewayException TooMany(string message) => new(429, "TooManyRequestsException", message);
}
