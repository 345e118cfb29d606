package dynamo

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/whosaid/whosaid/internal/article"
)

// A quotation whose item would pass DynamoDB's 400 KB item limit keeps its
// text in part items right after it: QUOTE#{set}#{nnnnn}#{ppp}, each with
// a piece of the text in "t". The quote item holds the quotation without
// its text and the number of parts. Every reader of a set (a prefix
// query) meets the parts in order right after their quote item, and a
// cleanup of a set (a prefix delete) takes them too.

// maxQuoteJSON is the largest quotation JSON kept whole in its item.
const maxQuoteJSON = 300 << 10

// partSize is the most text one part item holds, in bytes.
const partSize = 300 << 10

// splitQuote returns the JSON of q for its quote item and, when q is too
// large for one item, the pieces of its text for the part items.
func splitQuote(q article.Quote) (string, []string, error) {
	qj, err := json.Marshal(q)
	if err != nil {
		return "", nil, fmt.Errorf("encode quote: %w", err)
	}
	if len(qj) <= maxQuoteJSON {
		return string(qj), nil, nil
	}
	parts := cutText(q.Text, partSize)
	q.Text = ""
	if qj, err = json.Marshal(q); err != nil {
		return "", nil, fmt.Errorf("encode quote: %w", err)
	}
	return string(qj), parts, nil
}

// cutText cuts text into pieces of at most n bytes on character
// boundaries.
func cutText(text string, n int) []string {
	var out []string
	for len(text) > n {
		k := n
		for k > 0 && !utf8.RuneStart(text[k]) {
			k--
		}
		out = append(out, text[:k])
		text = text[k:]
	}
	return append(out, text)
}

// partSK is the sort key of part p of the quote item with sort key sk.
func partSK(sk string, p int) string { return fmt.Sprintf("%s#%03d", sk, p) }

// partItems returns the part items of the quote item with key pk/sk.
func partItems(pk, sk, set, revision string, parts []string) []types.WriteRequest {
	out := make([]types.WriteRequest, 0, len(parts))
	for p, t := range parts {
		out = append(out, types.WriteRequest{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{
			"pk": s(pk), "sk": s(partSK(sk, p)), "quote_set": s(set), "revision": s(revision), "t": s(t),
		}}})
	}
	return out
}

// textOfParts reads the text of a quotation kept in part items.
func (st *Store) textOfParts(ctx context.Context, pk, sk string) (string, error) {
	var b strings.Builder
	var start map[string]types.AttributeValue
	for {
		page, err := st.api.Query(ctx, &dynamodb.QueryInput{
			TableName:              aws.String(st.table),
			KeyConditionExpression: aws.String("pk = :pk AND begins_with(sk, :p)"),
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":pk": s(pk), ":p": s(sk + "#"),
			},
			ProjectionExpression: aws.String("t"),
			ConsistentRead:       aws.Bool(true),
			ExclusiveStartKey:    start,
		})
		if err != nil {
			return "", fmt.Errorf("dynamodb read quote parts: %w", err)
		}
		for _, it := range page.Items {
			b.WriteString(str(it, "t"))
		}
		if page.LastEvaluatedKey == nil {
			return b.String(), nil
		}
		start = page.LastEvaluatedKey
	}
}
