package store

// ParamsJSON is a statement's parameters as the cypher log writes them
// (dates as {"$date": ...}), for the golden tests (compile_test.go).
func ParamsJSON(params map[string]any) any { return tagged(params) }
