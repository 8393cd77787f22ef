// Package scalar holds the GraphQL scalars whose Go type is a plain Go type
// and whose rules are the spec's rather than gqlgen's: gqlgen.yml binds
// them by function (MarshalX and UnmarshalX), so the generated code and
// every resolver keep the Go type while the values a client sends are
// checked as GraphQL says. Int is the one so far: GraphQL's Int is a signed
// 32-bit integer, gqlgen's built-in Int accepts anything that fits Go's int.
package scalar

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
)

// ErrIntRange is what UnmarshalInt's errors wrap when a whole number lies
// outside GraphQL's Int.
var ErrIntRange = errors.New("outside GraphQL's Int")

// MarshalInt writes an Int result. Results are counts the service made
// itself, far inside 32 bits.
func MarshalInt(i int) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Itoa(i))
	})
}

// UnmarshalInt reads an Int argument or input field: a literal (int64), a
// variable (json.Number, or int64 once gqlparser has coerced it) or, as
// gqlgen's own Int allows, a numeric string. A whole number outside
// -2147483648..2147483647 is refused as the spec asks, naming the value and
// the range; the presenter adds the argument's path. The messages name no
// Go type: clients see them.
func UnmarshalInt(v any) (int, error) {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int32:
		n = int64(x)
	case int64:
		n = x
	case json.Number:
		return parseInt(string(x))
	case string:
		return parseInt(x)
	case float64:
		// A variable decoded without UseNumber; gqlparser accepts whole ones.
		if x != math.Trunc(x) || math.IsInf(x, 0) {
			return 0, fmt.Errorf("an Int must be a whole number, not %v", x)
		}
		if x < math.MinInt32 || x > math.MaxInt32 {
			return 0, rangeError(strconv.FormatFloat(x, 'f', -1, 64))
		}
		return int(x), nil
	default:
		return 0, errors.New("an Int must be a whole number")
	}
	if n < math.MinInt32 || n > math.MaxInt32 {
		return 0, rangeError(strconv.FormatInt(n, 10))
	}
	return int(n), nil
}

// parseInt reads the text of a whole number, which may be too long for 64
// bits too.
func parseInt(s string) (int, error) {
	n, err := strconv.ParseInt(s, 10, 32)
	if err == nil {
		return int(n), nil
	}
	if ne, ok := errors.AsType[*strconv.NumError](err); ok && errors.Is(ne.Err, strconv.ErrRange) {
		return 0, rangeError(s)
	}
	return 0, errors.New("an Int must be a whole number")
}

func rangeError(value string) error {
	return fmt.Errorf("%s is %w: an Int lies between %d and %d", value, ErrIntRange, math.MinInt32, math.MaxInt32)
}
