// The labels of the printed walking list and visit sheets (views/print.js,
// issue 18): loaded with that page only.

import { addLabels } from './i18n.js';

addLabels({
	'print.walkTitle': ['走访单 · {d}', 'Walking list · {d}'],
	'print.sheetsTitle': ['走访登记表 · {d}', 'Visit sheets · {d}'],
	'print.sheetTitle': ['走访登记表 · {a}', 'Visit sheet · {a}'],
	'print.print': ['打印', 'Print'],
	'print.back': ['返回今日走访', "Back to today's visits"],
	'print.worker': ['社工', 'Worker'],
	'print.walkLead': ['按走访路线排列（小区、楼、层、室）。访过打勾，情况写在备注里。', 'In walking order (compound, building, floor, room). Tick when visited, write what you found under notes.'],
	'print.sheetLead': ['每户一张。回到办公室后，在“走访导入”模板中每张填一行：列名与本表左栏标题相同，小区、楼号、室号照抄；见到的人写在“望”里，发现的问题写在“切”里。', 'One per household. Back at the office, type each sheet as one line of the visit import template: its columns are the headings on the left, 小区/楼号/室号 copied as printed; who you met goes under observed, problems found under needs.'],
	'print.count': ['待访 {n} 户，其中逾期 {overdue} 户。', '{n} households due, {overdue} overdue.'],
	'print.done': ['已访', 'Done'],
	'print.room': ['室', 'Room'],
	'print.floor': ['{n} 层', 'floor {n}'],
	'print.people': ['住户', 'Residents'],
	'print.why': ['走访原因', 'Why due'],
	'print.last': ['上次走访', 'Last visit'],
	'print.notes': ['备注', 'Notes'],
	'print.noPeople': ['（无在住居民）', '(no one living here)'],
	'print.met': ['见到', 'Met'],
	'print.hint.at': ['日期和时间，如 {e}', 'date and time, e.g. {e}'],
	'print.hint.channel': ['圈一个', 'circle one'],
	'print.hint.observed': ['所见：见到谁，家里情况', 'seen: who you met, the home'],
	'print.hint.heard': ['所闻：居民说了什么', 'heard: what they said'],
	'print.hint.asked': ['所问：问了什么', 'asked: what you asked'],
	'print.hint.needs': ['发现的问题和需求', 'problems and needs found'],
	'print.hint.follow': ['下次跟进日期（可空）', 'next follow-up date (may stay empty)'],
	'print.hint.services': ['提供的服务，用、隔开（可空）', 'services given, separated by 、 (may stay empty)'],
	'print.empty': ['这一天没有要走访的住户。', 'No households are due that day.'],
});
