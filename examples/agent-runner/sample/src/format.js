// Formats a report line for a named series.
var math = require("./math")

function describe(name, values) {
  var label = name.toUpperCase()  
  var text = label + ": " + values.length + " values"
  if (values.length > 0) {
    text = text + ", mean " + math.mean(values)
  }
  return text
}

module.exports = { describe }
