// The core's notices (src/shared/notices.ts), by code: "storage.writeFailed" is notices.storage.writeFailed.
// Most codes are worded in src/shared/codes.ts (namespace `core`, shared with the shell); a notice
// code may instead be worded here. The i18n guard test checks that every code the core emits has
// words in all four languages, in one place or the other.
import { defineMessages } from './define';

export default defineMessages({
  en: {
    endpoints: {
      refused: 'The endpoint setting {name} (from {source}) is not a safe address ({problem}) and was ignored: Vigil uses the default.',
    },
    credentials: {
      endpointChanged: 'Your {exchange} API key was not sent: the endpoint changed to {origins}. Enter the key again in Settings to use it there.',
    },
    storage: {
      writeFailed: 'Vigil could not save to its database ({error}). It keeps running, keeps the unsaved data and retries; nothing already saved is lost.',
      quarantined: 'The database was damaged and has been set aside as {file}. Vigil started with a fresh one and reloads your history from the exchanges.',
      unavailable: 'The database could not be opened ({error}): this session keeps its data in memory only.',
      recovered: 'Saving to the database works again: everything that waited has been saved.',
    },
    fallback: 'Vigil reported a problem ({code}).',
    account: {
      ordersSkipped: '{exchange}: {count} open order(s) in {market} could not be read and are not shown.',
      balancesSkipped: '{exchange}: {count} balance(s) could not be read and are not shown ({assets}).',
      keyRejected: '{exchange} rejected the API key: balances and orders are not available; market data continues. Enter the key again in Settings.',
    },
    subscription: {
      refused: '{exchange} refused the {channel} subscription of {market} ({reason}); the other markets stay live and Vigil tries again later.',
    },
  },
  'zh-CN': {
    endpoints: {
      refused: '端点设置 {name}（来自 {source}）不是安全的地址（{problem}），已被忽略：Vigil 使用默认值。',
    },
    credentials: {
      endpointChanged: '您的 {exchange} API 密钥未被发送：端点已改为 {origins}。如需在该地址使用，请在设置中重新输入密钥。',
    },
    storage: {
      writeFailed: 'Vigil 无法写入数据库（{error}）。它会继续运行，保留未保存的数据并重试；已保存的内容不会丢失。',
      quarantined: '数据库已损坏，已另存为 {file}。Vigil 已使用新的数据库启动，并从交易所重新载入您的历史记录。',
      unavailable: '无法打开数据库（{error}）：本次会话的数据只保存在内存中。',
      recovered: '数据库已恢复写入：所有待保存的数据均已保存。',
    },
    fallback: 'Vigil 报告了一个问题（{code}）。',
    account: {
      ordersSkipped: '{exchange}：{market} 中有 {count} 个挂单无法读取，未显示。',
      balancesSkipped: '{exchange}：有 {count} 项余额无法读取，未显示（{assets}）。',
      keyRejected: '{exchange} 拒绝了 API 密钥：余额和订单不可用，行情继续。请在设置中重新输入密钥。',
    },
    subscription: {
      refused: '{exchange} 拒绝了 {market} 的 {channel} 订阅（{reason}）；其他市场保持实时，Vigil 稍后会重试。',
    },
  },
  'zh-TW': {
    endpoints: {
      refused: '端點設定 {name}（來自 {source}）不是安全的位址（{problem}），已被忽略：Vigil 使用預設值。',
    },
    credentials: {
      endpointChanged: '您的 {exchange} API 金鑰未被傳送：端點已改為 {origins}。如需在該位址使用，請在設定中重新輸入金鑰。',
    },
    storage: {
      writeFailed: 'Vigil 無法寫入資料庫（{error}）。它會繼續執行，保留未儲存的資料並重試；已儲存的內容不會遺失。',
      quarantined: '資料庫已損毀，已另存為 {file}。Vigil 已使用新的資料庫啟動，並從交易所重新載入您的歷史紀錄。',
      unavailable: '無法開啟資料庫（{error}）：本次工作階段的資料只保存在記憶體中。',
      recovered: '資料庫已恢復寫入：所有待儲存的資料均已儲存。',
    },
    fallback: 'Vigil 回報了一個問題（{code}）。',
    account: {
      ordersSkipped: '{exchange}：{market} 中有 {count} 筆掛單無法讀取，未顯示。',
      balancesSkipped: '{exchange}：有 {count} 筆餘額無法讀取，未顯示（{assets}）。',
      keyRejected: '{exchange} 拒絕了 API 金鑰：餘額和訂單無法使用，行情繼續。請在設定中重新輸入金鑰。',
    },
    subscription: {
      refused: '{exchange} 拒絕了 {market} 的 {channel} 訂閱（{reason}）；其他市場保持即時，Vigil 稍後會重試。',
    },
  },
  th: {
    endpoints: {
      refused: 'การตั้งค่าปลายทาง {name} (จาก {source}) ไม่ใช่ที่อยู่ที่ปลอดภัย ({problem}) จึงถูกละไว้: Vigil ใช้ค่าเริ่มต้น',
    },
    credentials: {
      endpointChanged: 'ไม่ได้ส่งคีย์ API ของ {exchange}: ปลายทางเปลี่ยนเป็น {origins} ป้อนคีย์อีกครั้งในการตั้งค่าเพื่อใช้กับปลายทางนั้น',
    },
    storage: {
      writeFailed: 'Vigil บันทึกลงฐานข้อมูลไม่ได้ ({error}) แอปยังทำงานต่อ เก็บข้อมูลที่ยังไม่ได้บันทึกไว้และลองใหม่ ข้อมูลที่บันทึกแล้วจะไม่สูญหาย',
      quarantined: 'ฐานข้อมูลเสียหายและถูกแยกเก็บไว้เป็น {file} Vigil เริ่มด้วยฐานข้อมูลใหม่และโหลดประวัติของคุณจากกระดานเทรดอีกครั้ง',
      unavailable: 'เปิดฐานข้อมูลไม่ได้ ({error}): เซสชันนี้เก็บข้อมูลไว้ในหน่วยความจำเท่านั้น',
      recovered: 'บันทึกลงฐานข้อมูลได้อีกครั้ง: ข้อมูลที่รออยู่ทั้งหมดถูกบันทึกแล้ว',
    },
    fallback: 'Vigil รายงานปัญหา ({code})',
    account: {
      ordersSkipped: '{exchange}: คำสั่งที่เปิดอยู่ {count} รายการใน {market} อ่านไม่ได้และไม่ได้แสดง',
      balancesSkipped: '{exchange}: ยอดคงเหลือ {count} รายการอ่านไม่ได้และไม่ได้แสดง ({assets})',
      keyRejected: '{exchange} ปฏิเสธ API key: ยอดคงเหลือและคำสั่งใช้ไม่ได้ ข้อมูลตลาดยังทำงานต่อ โปรดป้อนคีย์ใหม่ในการตั้งค่า',
    },
    subscription: {
      refused: '{exchange} ปฏิเสธการสมัครรับ {channel} ของ {market} ({reason}) ตลาดอื่นยังคงเรียลไทม์ และ Vigil จะลองใหม่ภายหลัง',
    },
  },
});
