// Package apigw builds API Gateway HTTP API (payload 2.0) responses and
// reads requests the same way for every HTTP function.
package apigw

import (
	"encoding/base64"
	"encoding/json"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
)

// JSON returns a response with v encoded as its JSON body.
func JSON(status int, v any) events.APIGatewayV2HTTPResponse {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"could not encode the response"}`)
	}
	return events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       string(b),
	}
}

// Error returns a JSON error response {"error": msg}.
func Error(status int, msg string) events.APIGatewayV2HTTPResponse {
	return JSON(status, map[string]string{"error": msg})
}

// Body returns the raw request body, base64-decoded when API Gateway says
// it is encoded.
func Body(req events.APIGatewayV2HTTPRequest) ([]byte, error) {
	if req.IsBase64Encoded {
		return base64.StdEncoding.DecodeString(req.Body)
	}
	return []byte(req.Body), nil
}

// Header returns the request headers as an http.Header; HTTP API has
// already lower-cased the names.
func Header(req events.APIGatewayV2HTTPRequest) http.Header {
	h := make(http.Header, len(req.Headers))
	for k, v := range req.Headers {
		h.Set(k, v)
	}
	return h
}
