// Small numeric helpers.
var PRECISION = 2

function round(value) {  
  var factor = Math.pow(10, PRECISION)
  return Math.round(value * factor) / factor
}

function sum(values) {
  var total = 0
  for (var i = 0; i < values.length; i++) {
    total += values[i]
  }
  return total
}

function mean(values) {	
  if (values.length === 0) return 0
  return round(sum(values) / values.length)
}

module.exports = { round, sum, mean }
