package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unicode"
)

// describeJSONError explains a decoding error in the words of the JSON
// body, because the operator sees the platform's response, not wsctl's
// types.
func describeJSONError(err error) string {
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		field := jsonFieldPath(typeErr.Field)
		if field == "" {
			return fmt.Sprintf("the body is %s, expected %s", withArticle(typeErr.Value), jsonKind(typeErr.Type))
		}
		return fmt.Sprintf("field %q is %s, expected %s", field, withArticle(typeErr.Value), jsonKind(typeErr.Type))
	case errors.As(err, &syntaxErr) && syntaxErr.Error() == "unexpected end of JSON input":
		return "the JSON body ends early"
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("the body is not valid JSON (error at byte %d)", syntaxErr.Offset)
	}
	return "a field has a value of an unexpected form"
}

// jsonFieldPath drops the names of embedded Go structs from the dotted
// path that encoding/json reports, leaving the JSON field names. The
// platform's field names are lower case, so a segment that starts with an
// upper-case letter is a Go type name.
func jsonFieldPath(path string) string {
	var kept []string
	for _, segment := range strings.Split(path, ".") {
		if segment == "" || unicode.IsUpper([]rune(segment)[0]) {
			continue
		}
		kept = append(kept, segment)
	}
	return strings.Join(kept, ".")
}

// withArticle turns the JSON value kind that encoding/json reports, such as
// "string" or "number 1.5", into a phrase such as "a string".
func withArticle(value string) string {
	kind, _, _ := strings.Cut(value, " ")
	switch kind {
	case "array", "object":
		return "an " + kind
	case "bool":
		return "a boolean"
	case "":
		return "a value of another type"
	}
	return "a " + kind
}

// jsonKind names the JSON value that decodes into t.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeFor[time.Time]() {
		return "a time string"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another type"
}
